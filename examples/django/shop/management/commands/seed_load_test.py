"""
manage.py seed_load_test: the load test's accounts and products, idempotent.

  python3 manage.py seed_load_test --users 1000 --products 100 --stock 100000

Run by order-load-gate's --seed-command, it takes its sizes from the variables the gate sets
(ORDER_LOAD_GATE_USERS, _PRODUCTS, _STOCK, _USER_PREFIX, _PASSWORD); options override them.
Accounts are <prefix>0 .. <prefix>(users-1) with one password (--password, ORDER_LOAD_GATE_PASSWORD
or SHOP_LOAD_TEST_PASSWORD); their carts are emptied. Products are "Load test product 0..":
created when missing, their stock set to --stock (load-test products beyond --products: 0). Orders are kept (the gate compares counts
before and after its run).
"""
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shop.models import CartItem, Product


class Command(BaseCommand):
    help = "Create or reset the load test's users and products."

    def add_arguments(self, parser):
        env = os.environ.get
        parser.add_argument("--users", type=int, default=int(env("ORDER_LOAD_GATE_USERS", "1000")))
        parser.add_argument("--products", type=int, default=int(env("ORDER_LOAD_GATE_PRODUCTS", "100")))
        parser.add_argument("--stock", type=int, default=int(env("ORDER_LOAD_GATE_STOCK", "100000")))
        parser.add_argument("--prefix", default=env("ORDER_LOAD_GATE_USER_PREFIX", "load_test_user_"))
        parser.add_argument(
            "--password", default=env("ORDER_LOAD_GATE_PASSWORD") or env("SHOP_LOAD_TEST_PASSWORD")
        )

    def handle(self, *args, **options):
        if not options["password"]:
            raise CommandError("give --password or set SHOP_LOAD_TEST_PASSWORD")
        if options["users"] < 0 or options["products"] < 1 or options["stock"] < 0:
            raise CommandError("--users >= 0, --products >= 1, --stock >= 0")
        User = get_user_model()
        prefix = options["prefix"]
        names = [f"{prefix}{i}" for i in range(options["users"])]
        hashed = make_password(options["password"])  # one salted hash serves every account
        with transaction.atomic():
            existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
            User.objects.filter(username__in=existing).update(password=hashed, is_active=True)
            User.objects.bulk_create(
                [User(username=n, password=hashed) for n in names if n not in existing], batch_size=1000
            )
            CartItem.objects.filter(user__username__in=names).delete()
            titles = [f"Load test product {i}" for i in range(options["products"])]
            have = set(Product.objects.filter(name__in=titles).values_list("name", flat=True))
            Product.objects.bulk_create([Product(name=t) for t in titles if t not in have])
            Product.objects.filter(name__in=titles).update(stock=options["stock"])
            # Load-test products beyond --products (an earlier, larger seed) are emptied.
            Product.objects.filter(name__startswith="Load test product ").exclude(name__in=titles).update(stock=0)
        self.stdout.write(
            f"seeded {len(names)} users ({prefix}0..), {len(titles)} products x {options['stock']} units"
        )
