import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as asks from './asks';
import * as home from './home';
import * as intros from './intros';
import * as passions from './passions';
import * as preferences from './preferences';

export function register(app: App, services: Services): void {
  passions.register(app, services);
  preferences.register(app, services);
  intros.register(app, services);
  home.register(app, services);
  asks.register(app, services);
}
