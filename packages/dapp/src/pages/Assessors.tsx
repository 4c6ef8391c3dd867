export function AssessorsPage() { return <p>todo</p>; }
