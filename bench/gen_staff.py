#!/usr/bin/env python3
"""Writes a deterministic staff list (CSV UTF-8 with BOM, semicolons, Vietnamese headers)
for `govmail user import` benchmarks and manual tests.

    python3 bench/gen_staff.py 10000 > staff-10000.csv

Agency codes are AG000..AG099; create them first (see bench/README.md).
"""
import random
import sys

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Hoàng",
          "Bích", "Xuân", "Công", "Kim"]
GIVEN = ["An", "Ánh", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hòa",
         "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Ngọc", "Nhung",
         "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rng = random.Random(2026)
    out = sys.stdout
    out.write("\ufeffHọ và tên;Mã đơn vị;Hạn mức\r\n")
    for i in range(n):
        middle = " ".join(rng.sample(MIDDLE, rng.choice([1, 1, 2])))
        name = f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}"
        quota = rng.choice(["", "", "", "5GiB"])
        out.write(f"{name};AG{i % 100:03d};{quota}\r\n")


if __name__ == "__main__":
    main()
