import type { App } from '@slack/bolt';
import type { Services } from '../../services/context';
import * as actions from './actions';
import * as commands from './commands';
import * as events from './events';
import * as options from './options';
import * as views from './views';

export function registerListeners(app: App, services: Services): void {
  events.register(app, services);
  actions.register(app, services);
  views.register(app, services);
  commands.register(app, services);
  options.register(app, services);
}
