import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as appHomeOpened from './appHomeOpened';
import * as uninstall from './uninstall';
import * as userDeactivated from './userDeactivated';

export function register(app: App, services: Services): void {
  appHomeOpened.register(app, services);
  uninstall.register(app, services);
  userDeactivated.register(app, services);
}
