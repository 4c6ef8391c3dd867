export function StakePage() { return <p>todo</p>; }
