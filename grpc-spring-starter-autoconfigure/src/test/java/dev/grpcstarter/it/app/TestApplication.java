package dev.grpcstarter.it.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * The application of the integration tests; its component scan covers this package only.
 */
@SpringBootApplication
@EnableMethodSecurity
public class TestApplication {

}
