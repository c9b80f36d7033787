"""A tour of what a Python program gets inside wasmrun's kernel."""
import asyncio
import json
import os
import platform
import sys
import time

print(f"Python {platform.python_version()} on {sys.platform}, in {os.getcwd()}")
print("arguments:", sys.argv[1:])

# Files live in the VM's memory: the project is at /app, /tmp is scratch.
with open("/tmp/draft.txt", "w") as f:
    f.write("written inside the VM\n")
os.rename("/tmp/draft.txt", "/tmp/notes.txt")
print("files in /tmp:", os.listdir("/tmp"))

with open("data.json") as f:
    data = json.load(f)
print("data.json says:", data["greeting"])

t = time.monotonic()
time.sleep(0.1)
print(f"slept {time.monotonic() - t:.2f}s")


async def tick(name, n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        print(f"  {name} {i + 1}/{n}")


async def main():
    await asyncio.gather(tick("ping", 2, 0.05), tick("pong", 2, 0.07))


asyncio.run(main())

try:
    name = input("your name? ")
except EOFError:
    name = "stranger"
print(f"hello, {name}!")
