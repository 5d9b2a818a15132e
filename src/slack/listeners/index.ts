import type { App } from '@slack/bolt';
import type { Services } from '../../services/context';
import { databaseHealth } from '../../db/health';
import { EventRouter } from '../eventRouter';
import * as actions from './actions';
import * as commands from './commands';
import * as events from './events';
import * as options from './options';
import * as views from './views';

export function registerListeners(app: App, services: Services): void {
  // Last global middleware: events go to their handlers here and never reach Bolt's listener chains.
  // A handler that fails because the database is unreachable runs again when it is back (acked events are kept).
  const router = new EventRouter((err) => databaseHealth(services.db).waitIfUnavailable(err));
  events.register(router, services);
  app.use(router.middleware());
  actions.register(app, services);
  views.register(app, services);
  commands.register(app, services);
  options.register(app, services);
}
