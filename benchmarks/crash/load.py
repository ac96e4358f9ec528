#!/usr/bin/env python3
"""Steady load on the bookstore example: GetBook calls with an API key at a fixed rate.

Prints one JSON line: the calls made, per final code, and the achieved rate. A call counts
as OK only when the client received the response, so after a crash the OK count is what
the server owes a request-log row and a usage count. Needs only grpcio (Debian:
python3-grpcio): the request is sent as raw protobuf bytes, no generated code.

    load.py --target 127.0.0.1:50051 --key gsk_... --rate 200 --seconds 20
"""

import argparse
import collections
import json
import threading
import time

import grpc

# bookstore.v1.GetBookRequest { id: 1 }: field 1, varint 1.
GET_BOOK_1 = b"\x08\x01"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--key", required=True, help="the x-api-key header")
    parser.add_argument("--rate", type=float, default=200, help="calls per second, all threads together")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--timeout", type=float, default=2, help="deadline of each call, seconds")
    args = parser.parse_args()

    channel = grpc.insecure_channel(args.target)
    get_book = channel.unary_unary("/bookstore.v1.BookService/GetBook")
    metadata = [("x-api-key", args.key)]
    codes = collections.Counter()
    lock = threading.Lock()
    start = time.monotonic()
    end = start + args.seconds
    interval = args.threads / args.rate

    def worker(index):
        # Each thread calls every `interval` seconds, the threads evenly staggered; a late
        # thread does not catch up in a burst.
        next_call = start + index * interval / args.threads
        while True:
            now = time.monotonic()
            if now >= end:
                return
            if next_call > now:
                time.sleep(next_call - now)
            next_call = max(next_call + interval, time.monotonic() - interval)
            try:
                get_book(GET_BOOK_1, metadata=metadata, timeout=args.timeout)
                code = "OK"
            except grpc.RpcError as error:
                code = error.code().name
            with lock:
                codes[code] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    calls = sum(codes.values())
    print(json.dumps({"calls": calls, "ok": codes.get("OK", 0), "codes": dict(codes),
                      "seconds": round(elapsed, 1), "calls_per_second": round(calls / elapsed, 1)}))


if __name__ == "__main__":
    main()
