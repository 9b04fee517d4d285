"""Live updates: server-sent events that reach members on any web process.

- `publish(channel, event, data="")` (`broker.py`): any app tells the members watching a
  channel ("post:12", "user:5") that something changed. It is sent after the caller's
  transaction commits, through Redis pub/sub to every web process, and kept in a short
  replay buffer per channel (a capped Redis stream) so a reconnecting browser gets what it
  missed (`Last-Event-ID`). Without Redis it does nothing: pages poll as before.
- `channels.py`: which channels a member may watch. An app declares its kinds of channel in
  `apps/<app>/live.py` (`CHANNELS = {"post": can_watch_post}`), found by
  `apps.core.discovery`; a member's own channel ("user:<id>") is added by the stream itself.
- `views.py`: the one async view that streams a member's allowed channels, authenticated by
  the session, with a heartbeat, resume and an end on logout.
- `hub.py`: one Redis subscription per web process, fanned out to its open streams.

Events carry no member content: they name what changed ("comment", "notification") and the
page fetches the fresh part through its ordinary, permission-checked URL (`hx-trigger="sse:…"`).
"""

from apps.core.live.broker import live_enabled, publish
from apps.core.live.channels import user_channel

__all__ = ["live_enabled", "publish", "user_channel"]
