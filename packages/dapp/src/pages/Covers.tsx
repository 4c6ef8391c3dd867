export function CoversPage() { return <p>todo</p>; }
