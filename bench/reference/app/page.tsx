import { randomBytes } from 'node:crypto';
import { bareAction } from './actions';
import { BareForm } from './bare-form';

// Rendered per request, like /journey.
export const dynamic = 'force-dynamic';

export default function ReferencePage() {
  // A token-sized opaque string in the props, so the payload has the same shape as the journey's.
  const token = `eyJref.${randomBytes(180).toString('base64url')}.sig`;
  return (
    <main>
      <h1>Reference</h1>
      <BareForm token={token} action={bareAction} />
    </main>
  );
}
