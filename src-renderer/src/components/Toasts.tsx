import { useToastStore } from '../stores/toast-store';
import { Icon } from './Icon';

/** Command confirmations (polite) and failures (assertive), in one corner of the window. */
export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <div className="toasts" aria-label="Notifications">
      <div role="status" aria-live="polite" className="toast-stack">
        {toasts
          .filter((t) => t.tone !== 'error')
          .map((t) => (
            <div key={t.id} className={`toast toast-${t.tone}`}>
              <Icon name={t.tone === 'success' ? 'check' : 'alert'} />
              <span>{t.text}</span>
              <button
                type="button"
                className="btn btn-icon"
                aria-label="Dismiss"
                onClick={() => dismiss(t.id)}
              >
                <Icon name="close" size={14} />
              </button>
            </div>
          ))}
      </div>
      <div role="alert" className="toast-stack">
        {toasts
          .filter((t) => t.tone === 'error')
          .map((t) => (
            <div key={t.id} className="toast toast-error">
              <Icon name="alert" />
              <span>{t.text}</span>
              <button
                type="button"
                className="btn btn-icon"
                aria-label="Dismiss"
                onClick={() => dismiss(t.id)}
              >
                <Icon name="close" size={14} />
              </button>
            </div>
          ))}
      </div>
    </div>
  );
}
