package dev.grpcstarter.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The Spring application of configurations B, C and D: the echo services, nothing else.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ EchoService.class, BookEchoService.class })
public class BenchApplication {

}
