import { useState } from 'preact/hooks';

/** A form's busy flag, error and success message around one async action. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await action());
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  /** A submit handler that runs `action` with the form's fields as they were when it was sent. */
  const onSubmit = (action: (fields: FormData, form: HTMLFormElement) => Promise<string | null>) => (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const fields = new FormData(form);
    void run(() => action(fields, form));
  };
  /** Shows `message` as the form's error without running anything (a field that does not parse). */
  const fail = (message: string) => {
    setDone(null);
    setError(message);
  };
  return { busy, error, done, run, onSubmit, fail };
}

export function FormMessages({ error, done }: { error: string | null; done: string | null }) {
  return (
    <>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      )}
    </>
  );
}
