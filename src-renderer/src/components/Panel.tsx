import { useId, type ReactNode } from 'react';
import { TermHelp } from './TermHelp';
import type { TermKey } from './terms';

/** A titled section of a page; its heading names the region for assistive tech. */
export function Panel({
  title,
  actions,
  children,
  className = '',
  description,
  terms = [],
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  description?: ReactNode;
  /** Terms the panel uses, each with a "?" beside the title (outside the heading, so its name stays the title). */
  terms?: TermKey[];
}) {
  const id = useId();
  return (
    <section className={`panel ${className}`} aria-labelledby={id}>
      <div className="panel-head">
        <div>
          {terms.length === 0 ? (
            <h2 id={id}>{title}</h2>
          ) : (
            <div className="panel-title">
              <h2 id={id}>{title}</h2>
              {terms.map((term) => (
                <TermHelp key={term} term={term} />
              ))}
            </div>
          )}
          {description && <p className="panel-description">{description}</p>}
        </div>
        {actions && <div className="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
