import { useState } from 'preact/hooks';

/**
 * A destructive action asked twice: the first click shows what will happen and a button
 * that does it, next to one that backs out. Nothing is sent before the second click.
 */
export function ConfirmButton({ label, question, confirm, busy, onConfirm }: { label: string; question: string; confirm: string; busy?: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="button button-small" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="confirm-question">{question}</span>
      <button
        type="button"
        class="button button-small button-danger"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirm}
      </button>
      <button type="button" class="button button-small button-ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
