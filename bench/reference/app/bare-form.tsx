'use client';

import { useState } from 'react';

interface BareFormProps {
  token: string;
  action: (
    token: string,
    input: unknown,
  ) => Promise<{ ok: true; data: { token: string; input: unknown } }>;
}

/** A client component handed a server action as a prop, like the journey wizard: one button, one call. */
export function BareForm({ token, action }: BareFormProps) {
  const [current, setCurrent] = useState(token);
  return (
    <button
      type="button"
      onClick={() => void action(current, { id: 'next' }).then((r) => setCurrent(r.data.token))}
    >
      Continue
    </button>
  );
}
