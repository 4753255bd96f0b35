import { ROUTES } from './routes';
import { hrefFor } from './router';
import { Icon } from '../components/Icon';
import { SidebarBalance } from './SidebarBalance';

/** The main navigation; the current page is marked with aria-current. */
export function Sidebar({ current }: { current: string }) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          C
        </span>
        <span className="brand-name">Creditdesk</span>
      </div>
      <nav aria-label="Main">
        <ul className="nav-list">
          {ROUTES.map((route) => (
            <li key={route.path}>
              <a
                className="nav-link"
                href={hrefFor(route.path)}
                aria-current={route.path === current ? 'page' : undefined}
              >
                <Icon name={route.icon} />
                <span>{route.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <SidebarBalance />
    </aside>
  );
}
