import type { ReactNode } from 'react';

/**
 * The page's title. The heading takes focus after navigation (tabIndex -1) so keyboard and screen
 * reader users land on the new page instead of staying in the navigation.
 */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} data-page-title>
          {title}
        </h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
