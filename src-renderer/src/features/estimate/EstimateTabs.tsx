import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useEstimateTabStore, type EstimateKind } from './estimate-tab-store';

export const ESTIMATE_TABS: { id: EstimateKind; label: string }[] = [
  { id: 'documents', label: 'Documents' },
  { id: 'website', label: 'Website' },
  { id: 'migration', label: 'Migration' },
];

const tabId = (id: EstimateKind) => `estimate-tab-${id}`;
const panelId = (id: EstimateKind) => `estimate-panel-${id}`;

/**
 * The three estimators as tabs (WAI-ARIA tabs: arrow keys, Home and End move between tabs and
 * select them; Tab moves into the panel). Only the selected panel is rendered; the stores keep the
 * others' inputs and results.
 */
export function EstimateTabs({ children }: { children: ReactNode }) {
  const tab = useEstimateTabStore((s) => s.tab);
  const setTab = useEstimateTabStore((s) => s.setTab);
  const refs = useRef(new Map<EstimateKind, HTMLButtonElement>());

  const onKeyDown = (event: KeyboardEvent) => {
    const index = ESTIMATE_TABS.findIndex((t) => t.id === tab);
    const last = ESTIMATE_TABS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % ESTIMATE_TABS.length
        : event.key === 'ArrowLeft'
          ? (index + last) % ESTIMATE_TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    const id = ESTIMATE_TABS[next]!.id;
    setTab(id);
    refs.current.get(id)?.focus();
  };

  return (
    <>
      <div className="est-tabs" role="tablist" aria-label="Estimators" onKeyDown={onKeyDown}>
        {ESTIMATE_TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={tabId(t.id)}
            className="est-tab"
            aria-selected={t.id === tab}
            aria-controls={panelId(t.id)}
            tabIndex={t.id === tab ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="est-tabpanel" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        {children}
      </div>
    </>
  );
}
