import type { ComponentType } from 'react';
import type { IconName } from '../components/Icon';
import { OverviewPage } from '../features/overview/OverviewPage';
import { AnalyticsPage } from '../features/analytics/AnalyticsPage';
import { WhatIfPage } from '../features/what-if/WhatIfPage';
import { LedgerPage } from '../features/ledger/LedgerPage';
import { BundlesPage } from '../features/bundles/BundlesPage';
import { ReferralsPage } from '../features/referrals/ReferralsPage';
import { EstimatePage } from '../features/estimate/EstimatePage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { RateCardPage } from '../features/rate-card/RateCardPage';

export interface Route {
  path: string;
  label: string;
  icon: IconName;
  Page: ComponentType;
}

/** The navigation, in order. The first route is the home page. */
export const ROUTES: Route[] = [
  { path: 'overview', label: 'Overview', icon: 'overview', Page: OverviewPage },
  { path: 'analytics', label: 'Usage analytics', icon: 'analytics', Page: AnalyticsPage },
  { path: 'what-if', label: 'What-if', icon: 'whatIf', Page: WhatIfPage },
  { path: 'ledger', label: 'Ledger', icon: 'ledger', Page: LedgerPage },
  { path: 'bundles', label: 'Bundles', icon: 'bundles', Page: BundlesPage },
  { path: 'referrals', label: 'Referrals', icon: 'referrals', Page: ReferralsPage },
  { path: 'estimate', label: 'Estimate', icon: 'estimate', Page: EstimatePage },
  { path: 'rate-card', label: 'Rate card', icon: 'rateCard', Page: RateCardPage },
  { path: 'settings', label: 'Settings', icon: 'settings', Page: SettingsPage },
];

export const routeFor = (path: string): Route => ROUTES.find((r) => r.path === path) ?? ROUTES[0]!;
