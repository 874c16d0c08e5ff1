/* @name InsertCustomer */
-- Every statement here filters on owner_id: another user's customer is indistinguishable from a
-- missing one (the API answers 404 for both).
INSERT INTO customers (owner_id, name, email)
VALUES (:ownerId!, :name!, :email)
RETURNING id, name, email, created_at;

/* @name GetCustomerForOwner */
SELECT id, name, email, created_at
  FROM customers
 WHERE id = :id! AND owner_id = :ownerId!;

/* @name ListCustomersForOwner */
-- Keyset page on id DESC: beforeId is the last id of the previous page (NULL for the first).
SELECT id, name, email, created_at
  FROM customers
 WHERE owner_id = :ownerId!
   AND (:beforeId::int8 IS NULL OR id < :beforeId::int8)
 ORDER BY id DESC
 LIMIT :limit!::int8;

/* @name UpdateCustomerForOwner */
-- Partial update: a NULL name keeps the current one (name is NOT NULL); email needs a flag
-- because NULL is a value it may be set to.
UPDATE customers
   SET name  = COALESCE(:name::text, name),
       email = CASE WHEN :setEmail!::boolean THEN :email::text ELSE email END
 WHERE id = :id! AND owner_id = :ownerId!
RETURNING id, name, email, created_at;

/* @name DeleteCustomerForOwner */
-- Fails with SQLSTATE 23503 while invoices still reference the customer (ON DELETE RESTRICT).
DELETE FROM customers
 WHERE id = :id! AND owner_id = :ownerId!
RETURNING id;

/* @name UpdateCustomerById */
-- Staff only (the admin): the same partial update as UpdateCustomerForOwner, across owners.
UPDATE customers
   SET name  = COALESCE(:name::text, name),
       email = CASE WHEN :setEmail!::boolean THEN :email::text ELSE email END
 WHERE id = :id!
RETURNING id, name, email, created_at;

/* @name DeleteCustomerById */
-- Staff only (the admin), across owners; fails with SQLSTATE 23503 while invoices reference it.
DELETE FROM customers
 WHERE id = :id!
RETURNING id;
