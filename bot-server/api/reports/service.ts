import { ReportService } from '../../reports/report-service';
import type { Services } from '../../services';

/** The reports area over the running services' database and office calendar (the routes of any area ask it). */
export function reportService(services: () => Services): ReportService {
  return new ReportService(
    () => services().db,
    () => services().deadlines.calendar(),
  );
}
