# Drives the gateway with Python's standard poplib, an independent POP3 client implementation.
# Usage: poplib_client.py MODE HOST PORT USER PASSWORD [CAFILE], MODE = plain | ssl (POP3_SSL) | stls (POP3.stls()).
# Prints one result per line so the Java test can assert on them.
import poplib
import ssl
import sys

mode, host, port, user, password = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
context = ssl.create_default_context(cafile=sys.argv[6]) if len(sys.argv) > 6 else None
if mode == "ssl":
    pop = poplib.POP3_SSL(host, port, timeout=15, context=context)
else:
    pop = poplib.POP3(host, port, timeout=15)
print("welcome", pop.getwelcome().decode())
print("capa", sorted(pop.capa().keys()))
if mode == "stls":
    print("stls", pop.stls(context=context).decode())
    print("tls", pop.sock.version())
    print("capa-after-stls", sorted(pop.capa().keys()))
elif mode == "ssl":
    print("tls", pop.sock.version())
pop.user(user)
pop.pass_(password)
count, octets = pop.stat()
print("stat", count, octets)
print("uidl", [line.decode() for line in pop.uidl()[1]])
resp, lines, size = pop.retr(1)
# poplib removes the byte-stuffing, so these are the stored lines
print("retr1", repr(b"\r\n".join(lines).decode() + "\r\n"))
resp, lines, size = pop.top(2, 1)
print("top2", repr(b"\r\n".join(lines).decode()))
print("dele", pop.dele(2).decode())
print("quit", pop.quit().decode())
