import type { EventRouter } from '../../eventRouter';
import type { Services } from '../../../services/context';
import * as appHomeOpened from './appHomeOpened';
import * as monitoring from './monitoring';
import * as passionsWelcome from './passionsWelcome';
import * as uninstall from './uninstall';

/** Events are routed by src/slack/eventRouter.ts (one Map lookup), not by one Bolt listener each. */
export function register(events: EventRouter, services: Services): void {
  appHomeOpened.register(events, services);
  monitoring.register(events, services);
  passionsWelcome.register(events, services);
  uninstall.register(events, services);
}
