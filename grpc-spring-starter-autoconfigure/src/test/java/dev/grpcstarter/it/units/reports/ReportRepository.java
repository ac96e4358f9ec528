package dev.grpcstarter.it.units.reports;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The application's repository on its second persistence unit.
 */
public interface ReportRepository extends JpaRepository<Report, Long> {

}
