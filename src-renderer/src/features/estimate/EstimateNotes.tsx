import { useId } from 'react';
import { Icon } from '../../components/Icon';

/** Assumptions and warnings that come with an estimate; nothing when there are none. */
export function EstimateNotes({ title, items }: { title: string; items: string[] }) {
  const id = useId();
  if (items.length === 0) return null;
  return (
    <section className="est-notes" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ul>
        {items.map((item) => (
          <li key={item}>
            <Icon name="alert" size={14} />
            <span>{item}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
