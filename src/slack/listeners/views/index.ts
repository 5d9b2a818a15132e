import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as asks from './asks';
import * as departmentsUpload from './departmentsUpload';
import * as exportUpload from './exportUpload';
import * as passions from './passions';
import * as settings from './settings';

export function register(app: App, services: Services): void {
  asks.register(app, services);
  passions.register(app, services);
  settings.register(app, services);
  departmentsUpload.register(app, services);
  exportUpload.register(app, services);
}
