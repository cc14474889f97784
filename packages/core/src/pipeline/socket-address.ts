/** `"component"` or `"component.socket"`, split at the first dot (component names have none). */
export interface SocketAddress {
  component: string;
  socket: string | undefined;
}

export function parseSocketAddress(address: string): SocketAddress {
  const dot = address.indexOf('.');
  if (dot < 0) return { component: address, socket: undefined };
  return { component: address.slice(0, dot), socket: address.slice(dot + 1) };
}
