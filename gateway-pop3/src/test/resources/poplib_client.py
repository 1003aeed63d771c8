# Drives the gateway with Python's standard poplib, an independent POP3 client implementation.
# Prints one result per line so the Java test can assert on them.
import poplib
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
pop = poplib.POP3(host, port, timeout=15)
print("welcome", pop.getwelcome().decode())
print("capa", sorted(pop.capa().keys()))
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
print("quit", pop.quit().decode())
