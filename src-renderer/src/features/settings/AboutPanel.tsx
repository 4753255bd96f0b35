import type { AppInfoView } from '../../../../src-shared/api';
import { Panel } from '../../components/Panel';
import { MachineNameForm } from './MachineNameForm';

/** What runs where: useful when reporting a problem. */
export function AboutPanel({ info }: { info: AppInfoView }) {
  return (
    <Panel title="About this machine">
      <MachineNameForm
        key={info.machineName ?? ''}
        machineId={info.machineId}
        current={info.machineName ?? ''}
      />
      <dl className="kv kv-compact">
        <div className="kv-pair">
          <dt>Version</dt>
          <dd>{info.version}</dd>
        </div>
        <div className="kv-pair">
          <dt>Running as</dt>
          <dd>{info.mode === 'electron' ? 'Desktop app' : 'Web host in a browser'}</dd>
        </div>
        <div className="kv-pair">
          <dt>Machine id</dt>
          <dd>
            <code>{info.machineId}</code>
          </dd>
        </div>
        <div className="kv-pair">
          <dt>Data folder</dt>
          <dd>
            <code className="wrap">{info.dataDir}</code>
          </dd>
        </div>
      </dl>
    </Panel>
  );
}
