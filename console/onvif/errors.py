"""What can go wrong talking to a camera, in words an operator can act on.

Every error carries a message meant to be shown as it is; none of them ever
holds a password.
"""

from __future__ import annotations


class CameraError(Exception):
    """A camera could not do what was asked; ``str()`` says why."""

    def __init__(self, message: str, camera: str | None = None):
        self.camera = camera
        super().__init__(f"{camera}: {message}" if camera else message)


class Unreachable(CameraError):
    """Nothing answered at the camera's address."""

    def __init__(self, address: str, reason: str, camera: str | None = None):
        self.address = address
        self.reason = reason
        super().__init__(f"cannot reach {address}: {reason}", camera)


class WrongPassword(CameraError):
    """The camera refused the user name or password."""

    def __init__(self, user: str, camera: str | None = None):
        self.user = user
        super().__init__(
            f"the camera refused user {user!r}: wrong user name or password",
            camera,
        )


class ClockSkew(CameraError):
    """The camera's clock is too far from ours for WS-Security to work.

    ``offset`` is how many seconds the camera is ahead (negative: behind).
    ``OnvifClient.correct_clock()`` offers the two remedies.
    """

    def __init__(self, offset: float, camera: str | None = None):
        self.offset = offset
        side = "ahead of" if offset > 0 else "behind"
        size = abs(offset)
        # The camera tells its time in whole seconds: minutes read better.
        amount = f"{size / 60:.0f} min" if size >= 120 else f"{size:.0f} s"
        super().__init__(
            f"the camera's clock is {amount} {side} this computer's, "
            "so it refuses our signed requests; correct the clock (set the "
            "camera's time, or sign with its offset) and try again. If that "
            "does not help, the password is wrong",
            camera,
        )


class NoStream(CameraError):
    """A profile has no stream, or no profile has one."""

    def __init__(self, profile: str | None, reason: str, camera: str | None = None):
        self.profile = profile
        where = f"profile {profile!r}" if profile else "the camera"
        super().__init__(f"{where} has no video stream: {reason}", camera)


class NotSupported(CameraError):
    """The camera lacks a service the console asked for (PTZ, events)."""


class DeviceFault(CameraError):
    """The camera answered an operation with a SOAP fault."""

    def __init__(self, operation: str, reason: str, camera: str | None = None):
        self.operation = operation
        self.reason = reason
        super().__init__(f"{operation} failed on the camera: {reason}", camera)
