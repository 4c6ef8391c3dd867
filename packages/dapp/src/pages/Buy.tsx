export function BuyPage() { return <p>todo</p>; }
