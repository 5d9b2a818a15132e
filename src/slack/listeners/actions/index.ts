import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as preferences from './preferences';
import * as passions from './passions';

export function register(app: App, services: Services): void {
  passions.register(app, services);
  preferences.register(app, services);
}
