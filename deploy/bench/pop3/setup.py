#!/usr/bin/env python3
# Fills both servers with the same messages for the POP3 benchmark:
#  - the platform: a tenant, domain and USERS accounts through the admin API, messages sent over SMTP (the real
#    delivery path: gateway-smtp -> Kafka -> delivery-worker -> mailbox-service), then waits until every INBOX has them;
#  - Dovecot: a passwd-file and one Maildir per user with the same message bytes.
# Usage: setup.py WORKDIR API_URL ADMIN_TOKEN SMTP_PORT POP3_PORT USERS MESSAGES_PER_USER
import json, os, poplib, random, smtplib, sys, time, urllib.request, uuid

work, api, token, smtp_port, pop3_port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
users, per_user = int(sys.argv[6]), int(sys.argv[7])
SIZES = [4 * 1024, 16 * 1024, 64 * 1024, 256 * 1024]  # cycled; mean 85 KB


def post(path, body):
    req = urllib.request.Request(api + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def message(sender, rcpt, n, size):
    rnd = random.Random(n * 7919 + size)
    head = ("From: %s\r\nTo: %s\r\nSubject: bench message %d\r\nMessage-ID: <bench-%d-%s>\r\n"
            "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n" % (sender, rcpt, n, n, uuid.uuid4().hex))
    lines, total = [], len(head)
    while total < size:
        line = ("." if rnd.random() < 0.02 else "") + "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(76))
        lines.append(line)
        total += len(line) + 2
    return (head + "\r\n".join(lines) + "\r\n").encode("ascii")


run = uuid.uuid4().hex[:8]
domain = "bench-%s.test" % run
tenant = post("/api/v1/tenants", {"name": "bench-" + run})["id"]
post("/api/v1/tenants/%s/domains" % tenant, {"name": domain})
accounts = []
for u in range(users):
    address, password = "u%02d@%s" % (u, domain), "bench-password-%02d" % u
    post("/api/v1/tenants/%s/accounts" % tenant, {"address": address, "password": password})
    accounts.append((address, password))

with open(os.path.join(work, "platform-users.txt"), "w") as f:
    f.writelines("%s %s\n" % a for a in accounts)
with open(os.path.join(work, "dovecot-users.txt"), "w") as f:
    f.writelines("u%02d bench-password-%02d\n" % (u, u) for u in range(users))
with open(os.path.join(work, "passwd"), "w") as f:
    f.writelines("u%02d:{PLAIN}bench-password-%02d::::::\n" % (u, u) for u in range(users))

total_bytes = 0
for u, (address, _) in enumerate(accounts):
    # one SMTP session per account: the gateway caps commands per session
    smtp = smtplib.SMTP("127.0.0.1", smtp_port, timeout=60)
    maildir = os.path.join(work, "home", "u%02d" % u, "Maildir")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    for n in range(per_user):
        body = message("bench@example.org", address, n, SIZES[n % len(SIZES)])
        total_bytes += len(body)
        smtp.sendmail("bench@example.org", [address], body)
        with open(os.path.join(maildir, "cur", "%d.%d.bench:2,S" % (1700000000 + n, n)), "wb") as f:
            f.write(body)
    smtp.quit()
print("sent %d messages (%.1f MB) to %d users; waiting for delivery" % (users * per_user, total_bytes / 1e6, users))

deadline = time.time() + 600
for address, password in accounts:
    while True:
        pop = poplib.POP3("127.0.0.1", pop3_port, timeout=30)
        pop.user(address)
        pop.pass_(password)
        count = pop.stat()[0]
        pop.quit()
        if count >= per_user:
            break
        if time.time() > deadline:
            sys.exit("delivery to %s incomplete: %d of %d" % (address, count, per_user))
        time.sleep(1)
print("all messages delivered")
