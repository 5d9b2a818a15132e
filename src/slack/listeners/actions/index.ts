import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as intros from './intros';

export function register(app: App, services: Services): void {
  intros.register(app, services);
}
