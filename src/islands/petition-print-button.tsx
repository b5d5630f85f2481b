/**
 * 打印回执 button. An island rather than an inline script because the CSP (public/_headers) allows
 * no inline scripts; the React chunks are already cached from the form the person just submitted.
 * Rendered only in the browser, since without JavaScript the sentence beside it explains printing.
 */
import { useEffect, useState } from 'react';

export default function PetitionPrintButton() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" onClick={() => window.print()}>
      打印回执
    </button>
  );
}
