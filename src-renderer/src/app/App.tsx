import { useEffect } from 'react';
import { useRoutePath } from './router';
import { routeFor } from './routes';
import { Sidebar } from './Sidebar';
import { SyncStatusBar } from './SyncStatusBar';
import { ConnectionBanner } from './ConnectionBanner';
import { BackgroundJobs } from './BackgroundJobs';
import { Toasts } from '../components/Toasts';
import { FirstRunSetup } from '../features/setup/FirstRunSetup';
import { KeyboardHelp } from './KeyboardHelp';

/** The frame: navigation, sync status and background jobs around the current page. */
export function App() {
  const route = routeFor(useRoutePath());

  useEffect(() => {
    document.title = `${route.label} · Creditdesk`;
    // Land keyboard and screen-reader users on the new page's heading, not back in the nav.
    const heading = document.querySelector<HTMLElement>('[data-page-title]');
    if (heading && document.activeElement?.closest('nav')) heading.focus();
  }, [route]);

  const { Page } = route;
  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash is the router's; focus the page instead of navigating to "#main".
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <Sidebar current={route.path} />
      <div className="frame">
        <ConnectionBanner />
        <div className="topbar">
          <SyncStatusBar />
          <BackgroundJobs />
        </div>
        <main id="main" className="page" tabIndex={-1}>
          <Page key={route.path} />
        </main>
      </div>
      <Toasts />
      <FirstRunSetup />
      <KeyboardHelp />
    </div>
  );
}
