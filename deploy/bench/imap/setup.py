#!/usr/bin/env python3
# Prepares the IMAP benchmark:
#  - accounts: a tenant, domain and USERS accounts (plus one "idle" account) on the platform through the admin API,
#    and the same users for Dovecot as a passwd-file;
#  - fill: the same messages APPENDed over IMAP to every user of one server, so both hold identical mailboxes.
# Usage: setup.py accounts WORKDIR API_URL ADMIN_TOKEN USERS
#        setup.py fill PORT USERS_FILE MESSAGES_PER_USER      (APPENDs the same messages on one server)
# accounts writes WORKDIR/platform-users.txt and WORKDIR/dovecot-users.txt ("user password" per line; the last line
# is the idle user) and WORKDIR/passwd.
import imaplib, json, random, sys, urllib.request, uuid

SIZES = [2 * 1024, 8 * 1024, 32 * 1024, 128 * 1024]


def post(path, body):
    req = urllib.request.Request(api + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def message(rcpt, n, size):
    rnd = random.Random(n * 7919 + size)
    head = ("From: bench@example.org\r\nTo: %s\r\nSubject: bench message %d\r\nMessage-ID: <bench-%d-%s>\r\n"
            "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n" % (rcpt, n, n, uuid.uuid4().hex))
    lines, total = [], len(head)
    while total < size:
        line = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(76))
        lines.append(line)
        total += len(line) + 2
    return (head + "\r\n".join(lines) + "\r\n").encode("ascii")


def fill(port, user, password, count):
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login(user, password)
    for n in range(count):
        typ, data = m.append("INBOX", None, None, message(user, n, SIZES[n % len(SIZES)]))
        assert typ == "OK", (typ, data)
    m.logout()


if sys.argv[1] == "fill":
    port, users_file, per_user = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    for line in open(users_file):
        if line.strip():
            user, password = line.strip().split(" ", 1)
            fill(port, user, password, per_user)
    print("filled %s on port %d" % (users_file, port))
    sys.exit(0)

work, api, token, users = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
run = uuid.uuid4().hex[:8]
domain = "imapbench-%s.test" % run
tenant = post("/api/v1/tenants", {"name": "imapbench-" + run})["id"]
post("/api/v1/tenants/%s/domains" % tenant, {"name": domain})
names = ["u%02d" % u for u in range(users)] + ["idle"]
with open(work + "/platform-users.txt", "w") as pu, open(work + "/dovecot-users.txt", "w") as du, \
        open(work + "/passwd", "w") as pw:
    for name in names:
        address, password = "%s@%s" % (name, domain), "bench-password-%s" % name
        post("/api/v1/tenants/%s/accounts" % tenant, {"address": address, "password": password})
        pu.write("%s %s\n" % (address, password))
        du.write("%s %s\n" % (name, password))
        pw.write("%s:{PLAIN}%s\n" % (name, password))
print("accounts created in tenant %s" % tenant)
