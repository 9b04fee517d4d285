from __future__ import annotations

import sys

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFileBackend(FileBackend):
    """Development mail: each message is printed to the console and kept as a file under
    OPTIONS["file_path"] (var/mail/), where confirmation links can be opened."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        for message in email_messages:
            sys.stdout.write(message.message().as_string() + "\n" + "-" * 79 + "\n")
        sys.stdout.flush()
        return sent
