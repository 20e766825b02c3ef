#!/bin/bash
# Runs inside the image during customization: disables password logins over SSH.
set -euo pipefail
sed -i 's/^#\?PasswordAuthentication .*/PasswordAuthentication no/' /etc/ssh/sshd_config
