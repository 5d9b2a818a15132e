/** Every output format of a SiloReport, by the name the CLI's --format uses. */
import type { SiloReport } from '../domain/silos/types';
import { renderHtml } from './html';
import { stripControls } from './safeText';
import { renderText } from './text';

export const FORMATS = ['text', 'json', 'csv', 'html'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export function renderReport(report: SiloReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'string' ? stripControls(v) : v), 2)}\n`;
    case 'csv':
      // csv-stringify is loaded only for a CSV
      return (require('./csv') as typeof import('./csv')).renderCsv(report);
    case 'html':
      return renderHtml(report);
    default:
      return renderText(report);
  }
}
