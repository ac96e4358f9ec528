package dev.grpcstarter.admintest;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application with the admin UI and an H2 database; no gRPC service of its own.
 */
@SpringBootApplication
public class AdminTestApplication {

}
