package dev.grpcstarter.it.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application of the integration tests; its component scan covers this package only.
 */
@SpringBootApplication
public class TestApplication {

}
