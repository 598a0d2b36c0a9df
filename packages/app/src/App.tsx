import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import awoooiPlugin from '@awoooi/plugin-awoooi/alpha';
import { navModule } from './modules/nav';
import { demoSignInModule } from './modules/demoSignIn';

// Discovery (`app.packages: all`) adds the other plugins at build time. These
// are listed so they are present in tests too: the AWOOOI tabs need signals
// for live updates, and the sidebar renders notifications and user settings.
export default createApp({
  features: [
    catalogPlugin,
    awoooiPlugin,
    signalsPlugin,
    notificationsPlugin,
    userSettingsPlugin,
    navModule,
    demoSignInModule,
  ],
});
