export function ClaimsPage() { return <p>todo</p>; }
