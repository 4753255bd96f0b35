import { useId, useState, type DragEvent } from 'react';
import { useEstimateDocumentsStore, MAX_BATCH_FILES } from './documents-store';
import { inProgress } from '../estimate-shapes';
import { Icon } from '../../../components/Icon';
import { formatCount } from '../../../lib/format';
import { FilePicker } from '../FilePicker';

const ACCEPT =
  '.pdf,.docx,.doc,.html,.htm,.txt,.md,.markdown,application/pdf,text/plain,text/html,text/markdown,' +
  'application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Drop many documents, or pick them; a new drop starts a new estimate. */
export function DocumentDropZone() {
  const phase = useEstimateDocumentsStore((s) => s.phase);
  const start = useEstimateDocumentsStore((s) => s.start);
  const [dragging, setDragging] = useState(false);
  const hintId = useId();
  const busy = inProgress(phase);

  const over = (event: DragEvent) => {
    // Always taken, so a file dropped while busy is not opened by the window instead.
    event.preventDefault();
    event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    if (!busy) setDragging(true);
  };

  return (
    <div
      className={`dropzone est-dropzone${dragging ? ' is-dragging' : ''}${busy ? ' is-busy' : ''}`}
      data-testid="document-dropzone"
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        if (!busy) void start([...event.dataTransfer.files]);
      }}
    >
      <Icon name="upload" size={28} />
      <p className="est-dropzone-title">Drop documents here</p>
      <p id={hintId}>
        PDF, Word (DOCX, DOC), HTML, text and Markdown; up to {formatCount(MAX_BATCH_FILES)} files at a time.
        Nothing is charged until you record the estimate as training.
      </p>
      <FilePicker
        label="Choose files…"
        inputLabel="Documents to estimate"
        accept={ACCEPT}
        multiple
        disabled={busy}
        describedBy={hintId}
        variant="primary"
        onFiles={(files) => void start(files)}
      />
    </div>
  );
}
