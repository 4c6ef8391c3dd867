export function TranchesPage() { return <p>todo</p>; }
