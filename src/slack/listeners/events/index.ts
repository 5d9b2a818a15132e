import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as appHomeOpened from './appHomeOpened';
import * as monitoring from './monitoring';
import * as passionsWelcome from './passionsWelcome';
import * as uninstall from './uninstall';
import * as userDeactivated from './userDeactivated';

export function register(app: App, services: Services): void {
  appHomeOpened.register(app, services);
  monitoring.register(app, services);
  passionsWelcome.register(app, services);
  uninstall.register(app, services);
  userDeactivated.register(app, services);
}
