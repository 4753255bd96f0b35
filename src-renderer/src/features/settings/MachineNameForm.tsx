import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/current';
import { messageOf } from '../../lib/errors';
import { useAppInfoStore } from '../../stores/app-info-store';
import { useMachinesStore } from '../ledger/machines-store';
import { useLedgerStore } from '../ledger/ledger-store';
import { toast } from '../../stores/toast-store';

const MAX = 60;

/** Names this machine for the whole team: the ledger shows the name instead of the raw id. */
export function MachineNameForm({ machineId, current }: { machineId: string; current: string }) {
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const machines = await api().renameMachine({ machineId, name });
      useMachinesStore.getState().set(machines);
      useLedgerStore.getState().invalidate();
      await useAppInfoStore.getState().refresh();
      setError(null);
      toast.success(`This machine is now called “${name.trim()}” for the whole team.`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form-inline" onSubmit={(e) => void submit(e)} aria-label="Name this machine">
      <div className="field">
        <label htmlFor={inputId}>Machine name</label>
        <input
          id={inputId}
          className="input"
          placeholder="e.g. Front desk laptop"
          maxLength={MAX + 20}
          value={name}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
      </div>
      <button type="submit" className="btn btn-secondary" disabled={busy || name.trim() === current}>
        {busy ? 'Saving…' : 'Save name'}
      </button>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
