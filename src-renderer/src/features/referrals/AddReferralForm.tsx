import { useId, useState, type FormEvent } from 'react';
import { useReferralsStore } from './referrals-store';
import { Icon } from '../../components/Icon';

/** Record an invitation: the referred account's name and a contact. */
export function AddReferralForm() {
  const add = useReferralsStore((s) => s.add);
  const busy = useReferralsStore((s) => s.busy);
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  // One id per distinct form: a retry adds the referral once; an edit is a new invitation.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const ids = { name: useId(), contact: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    if (await add(name.trim(), contact.trim(), requestId)) {
      setName('');
      setContact('');
      setRequestId(crypto.randomUUID());
    }
  };

  return (
    <form className="panel form form-inline add-referral" onSubmit={submit} aria-label="Add a referral">
      <div className="field">
        <label htmlFor={ids.name}>Company or person</label>
        <input
          id={ids.name}
          className="input"
          required
          maxLength={200}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setRequestId(crypto.randomUUID());
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.contact}>Contact (optional)</label>
        <input
          id={ids.contact}
          className="input"
          maxLength={200}
          value={contact}
          onChange={(e) => {
            setContact(e.target.value);
            setRequestId(crypto.randomUUID());
          }}
          placeholder="email or name"
        />
      </div>
      <button type="submit" className="btn btn-primary" disabled={!name.trim() || busy === 'new'}>
        <Icon name="plus" /> {busy === 'new' ? 'Adding…' : 'Add referral'}
      </button>
    </form>
  );
}
