"""IMAP helper of bench-email.sh: fills a folder with N distinct messages, or counts / deletes folders.

usage: imap_load.py HOST PORT USER PASSWORD fill FOLDER N
       imap_load.py HOST PORT USER PASSWORD count FOLDER
       imap_load.py HOST PORT USER PASSWORD drop FOLDER...
"""
import imaplib
import sys
import time
import uuid


def connect(host, port, user, password):
    imap = imaplib.IMAP4(host, int(port))
    imap.login(user, password)
    return imap


def fill(imap, folder, n):
    imap.create(folder)
    run = uuid.uuid4().hex[:12]
    for i in range(n):
        body = (f"Hello,\r\n\r\nthis is benchmark message {i} of run {run}.\r\n"
                "Please call me back about my order.\r\n\r\nAnn\r\n")
        raw = (f"From: Ann Customer <ann{i % 97}@customer.example.org>\r\n"
               "To: support@example.test\r\n"
               f"Subject: Benchmark message {i}\r\n"
               f"Message-ID: <bench-{run}-{i}@customer.example.org>\r\n"
               "Date: Fri, 27 Nov 2026 10:15:00 +0100\r\n"
               "MIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode()
        status, _ = imap.append(folder, None, imaplib.Time2Internaldate(time.time()), raw)
        if status != "OK":
            sys.exit(f"APPEND {i} to {folder} failed: {status}")


def count(imap, folder):
    status, data = imap.status(folder, "(MESSAGES)")
    if status != "OK":
        return -1
    return int(data[0].decode().split("MESSAGES")[1].strip(" )"))


def main():
    host, port, user, password, command, *args = sys.argv[1:]
    imap = connect(host, port, user, password)
    try:
        if command == "fill":
            fill(imap, args[0], int(args[1]))
        elif command == "count":
            print(count(imap, args[0]))
        elif command == "drop":
            for folder in args:
                imap.delete(folder)
        else:
            sys.exit(f"unknown command {command}")
    finally:
        imap.logout()


if __name__ == "__main__":
    main()
