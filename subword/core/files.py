"""Writing files atomically: a crash, a kill or a full disk never leaves half a file behind.

Every file subword writes (tokenizer.json, vocab and merges files, save_pretrained's files, the
output of `subword train`, the shards of `subword tokenize-corpus`) goes through `atomic_write_bytes`:

1. a symlink is followed: the link's target is written and the link stays a link (as in the
   Rust package, which opens the path);
2. a temporary file is created exclusively, with an unpredictable name, in the target's folder:
   `.NAME.RANDOM.tmp`, hidden and ending in `.tmp`, so no loader ever picks it up;
3. the bytes are written, flushed and fsynced, then the temporary is renamed over the target (an
   atomic step), and the folder is fsynced;
4. the file gets the permission bits of the file it replaces, or, if new, those a plain `open()`
   gives (0o666 less the umask). Its owner is the writer and hard links to the old file keep
   the old content: a rename makes a new file. A device or pipe (`/dev/null`) is written to.

On any error the temporary is removed, and the OSError raised (of the same type:
IsADirectoryError, PermissionError, ...) names the target, not the temporary. A process killed
between steps 2 and 3 leaves its temporary behind, and the target untouched.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from typing import Union

from .inputs import check_path

PathLike = Union[str, os.PathLike]
Buffer = Union[bytes, bytearray, memoryview]  # numpy arrays pass as memoryview(array)

_TEMPORARY_SUFFIX = ".tmp"
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def atomic_write_text(path: PathLike, text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically (see the module docstring)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: PathLike, data: Buffer) -> None:
    """Write `data` (bytes, or any buffer: a memoryview, a numpy array, written without a copy)
    to `path` atomically: the file is the old one or the new one, never a mix.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(folder / "vocab.txt", b"a\\n")
    >>> sorted(p.name for p in folder.iterdir()), (folder / "vocab.txt").read_bytes()
    (['vocab.txt'], b'a\\n')
    """
    name = check_path(path, "path")
    target = os.path.realpath(name)
    folder = os.path.dirname(target)
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise _naming(error, name) from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        if stat.S_ISDIR(existing.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
        # A device or a pipe (/dev/null, /dev/stdout) is written to, never replaced.
        with open(name, "wb") as device:
            device.write(data)
        return
    mode = 0o666 if existing is None else existing.st_mode & 0o7777
    try:
        descriptor, temporary = _create_temporary(folder, os.path.basename(target), mode)
    except OSError as error:
        raise _naming(error, name) from None
    try:
        if existing is not None and hasattr(os, "fchmod"):
            os.fchmod(descriptor, mode)  # created with the umask applied; now exactly the old bits
        with os.fdopen(descriptor, "wb") as file:
            descriptor = -1
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        if descriptor >= 0:
            os.close(descriptor)
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise _naming(error, name) from None
        raise
    _sync_folder(folder)


def point_at_null_device(descriptor: int) -> None:
    """Make an open file descriptor (stdout's, say) write to the null device from now on."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def is_temporary(file_name: str) -> bool:
    """Whether a file name is one of `atomic_write_bytes`'s temporaries (left by a killed process)."""
    return file_name.startswith(".") and file_name.endswith(_TEMPORARY_SUFFIX)


def _create_temporary(folder: str, base: str, mode: int) -> tuple[int, str]:
    """Create `.BASE.RANDOM.tmp` in `folder` exclusively (never through an existing file or link)."""
    for _ in range(100):
        temporary = os.path.join(folder, f".{base[:100]}.{secrets.token_hex(6)}{_TEMPORARY_SUFFIX}")
        try:
            return os.open(temporary, _OPEN_FLAGS, mode & 0o777), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", os.path.join(folder, base))


def _naming(error: OSError, path: str) -> OSError:
    """The same error (same type and errno) about `path`, for an error about a temporary file."""
    if error.errno is None:
        return error
    return type(error)(error.errno, error.strerror or os.strerror(error.errno), path)


def _sync_folder(folder: str) -> None:
    """Make the rename durable (best effort: not every system can open a folder)."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
